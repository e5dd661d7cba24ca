package io.jsonrpcclient.interop;

import com.googlecode.jsonrpc4j.JsonRpcError;
import com.googlecode.jsonrpc4j.JsonRpcErrors;
import com.googlecode.jsonrpc4j.JsonRpcParam;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The service Jsonrpc4jIT exposes through jsonrpc4j, written the way jsonrpc4j's users write theirs. */
public interface Ledger {

    /** A value with fields, to show objects as params and results. */
    record Point(int x, int y) {
    }

    /** Declared on {@link #withdraw} with {@link JsonRpcError}, so it gets its own code. */
    class InsufficientFundsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InsufficientFundsException(String message) {
            super(message);
        }
    }

    int add(int a, int b);

    int subtract(@JsonRpcParam("minuend") int minuend, @JsonRpcParam("subtrahend") int subtrahend);

    Point translate(@JsonRpcParam("point") Point point, @JsonRpcParam("dx") int dx, @JsonRpcParam("dy") int dy);

    int divide(int a, int b);

    @JsonRpcErrors({@JsonRpcError(exception = InsufficientFundsException.class, code = -32010)})
    int withdraw(int amount);

    void freeze(String account);

    void log(String line);

    List<String> logged();

    int sleep(int millis);

    /** What the service does. */
    final class Impl implements Ledger {
        private final List<String> logged = new CopyOnWriteArrayList<>();
        private final RuntimeException freezeFailure;

        /** @param freezeFailure what {@link #freeze} throws */
        Impl(RuntimeException freezeFailure) {
            this.freezeFailure = freezeFailure;
        }

        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public int subtract(int minuend, int subtrahend) {
            return minuend - subtrahend;
        }

        @Override
        public Point translate(Point point, int dx, int dy) {
            return new Point(point.x() + dx, point.y() + dy);
        }

        @Override
        public int divide(int a, int b) {
            return a / b;
        }

        @Override
        public int withdraw(int amount) {
            throw new InsufficientFundsException("balance 10 is less than " + amount);
        }

        @Override
        public void freeze(String account) {
            throw freezeFailure;
        }

        @Override
        public void log(String line) {
            logged.add(line);
        }

        @Override
        public List<String> logged() {
            List<String> copy = List.copyOf(logged);
            logged.clear();
            return copy;
        }

        @Override
        public int sleep(int millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return millis;
        }
    }
}
