package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --zmq-socket req|dealer}, case-insensitively. */
public final class ZmqSocketConverter implements ITypeConverter<SocketType> {

    @Override
    public SocketType convert(String value) {
        for (SocketType type : SocketType.values()) {
            if (type.name().equalsIgnoreCase(value.strip())) {
                return type;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a ZeroMQ socket type: use req or dealer");
    }
}
