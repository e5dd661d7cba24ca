package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static Request request(String method, Id id) {
        return Request.of(method, Params.none(), id);
    }

    private static Notification notification(String method) {
        return Notification.of(method, Params.none());
    }

    @Test
    void rejectsAnEmptyBatchBeforeSending() {
        assertThatThrownBy(() -> new Batch(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call")
                .hasMessageContaining("empty array");
    }

    @Test
    void rejectsTwoRequestsSharingAnIdAndNamesTheId() {
        assertThatThrownBy(() -> Batch.of(request("a", Id.of(1)), request("b", Id.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the id 1");
        assertThatThrownBy(() -> Batch.of(request("a", Id.of("x")), request("b", Id.of("x"))))
                .hasMessageContaining("share the id \"x\"");
    }

    @Test
    void findsASharedNumericIdWhenTheIdsDoNotIncrease() {
        // Increasing numeric ids are distinct without a set; any other order must still be checked.
        assertThatThrownBy(() -> Batch.of(request("a", Id.of(1)), request("b", Id.of(3)),
                notification("n"), request("c", Id.of(2)), request("d", Id.of(3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the id 3");
        assertThatThrownBy(() -> Batch.of(request("a", Id.of(5)), request("b", Id.of(5))))
                .hasMessageContaining("share the id 5");
    }

    @Test
    void acceptsIncreasingIdsWithNotificationsBetweenThem() {
        Batch batch = Batch.of(notification("n"), request("a", Id.of(Long.MIN_VALUE)), notification("m"),
                request("b", Id.of(-1)), request("c", Id.of(Long.MAX_VALUE)));

        assertThat(batch.requests()).extracting(Request::id)
                .containsExactly(Id.of(Long.MIN_VALUE), Id.of(-1), Id.of(Long.MAX_VALUE));
    }

    @Test
    void requestsOfABatchOfRequestsOnlyIsTheUnmodifiableListOfCalls() {
        Batch batch = Batch.of(request("a", Id.of(1)), request("b", Id.of(2)));

        assertThat(batch.requests()).containsExactlyElementsOf(batch.calls().stream().map(Request.class::cast).toList());
        assertThatThrownBy(() -> batch.requests().add(request("c", Id.of(3))))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsTwoRequestsWithTheNullId() {
        assertThatThrownBy(() -> Batch.of(request("a", Id.NULL), request("b", Id.NULL)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsAnIntegerIdAndTheStringOfTheSameDigits() {
        Batch batch = Batch.of(request("a", Id.of(1)), request("b", Id.of("1")));

        assertThat(batch.requests()).extracting(Request::id).containsExactly(Id.of(1), Id.of("1"));
    }

    @Test
    void acceptsNotificationsWithTheSameMethod() {
        Batch batch = Batch.of(notification("log"), notification("log"));

        assertThat(batch.calls()).hasSize(2);
    }

    @Test
    void rejectsANullCall() {
        var calls = new ArrayList<Call>();
        calls.add(null);

        assertThatThrownBy(() -> new Batch(calls)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void requestsListsOnlyTheRequestsInOrder() {
        Request first = request("first", Id.of(1));
        Request second = request("second", Id.of(2));
        Batch batch = Batch.of(notification("n1"), first, notification("n2"), second);

        assertThat(batch.requests()).containsExactly(first, second);
        assertThat(batch.calls()).hasSize(4);
    }

    @Test
    void onlyNotificationsIsTrueOnlyWithoutRequests() {
        assertThat(Batch.of(notification("a"), notification("b")).onlyNotifications()).isTrue();
        assertThat(Batch.of(notification("a"), request("b", Id.of(1))).onlyNotifications()).isFalse();
        assertThat(Batch.of(request("b", Id.of(1))).onlyNotifications()).isFalse();
    }

    @Test
    void copiesItsCallsAndCannotBeModified() {
        var calls = new ArrayList<Call>(List.of(notification("a")));
        Batch batch = new Batch(calls);
        calls.add(notification("b"));

        assertThat(batch.calls()).hasSize(1);
        assertThatThrownBy(() -> batch.calls().add(notification("c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theBuilderGivesRequestsTheGeneratorsIdsAndNotificationsNone() {
        Batch batch = BatchBuilder.using(IdGenerators.decimal())
                .request("sum", 1, 2, 4)
                .notification("notify_hello", 7)
                .request("subtract", Params.of(42, 23))
                .request("get_data")
                .build();

        assertThat(batch.calls()).containsExactly(
                Request.of("sum", Params.of(1, 2, 4), Id.of(1)),
                Notification.of("notify_hello", Params.of(7)),
                Request.of("subtract", Params.of(42, 23), Id.of(2)),
                Request.of("get_data", Params.none(), Id.of(3)));
    }

    @Test
    void anExplicitIdWinsAndTakesNoIdFromTheGenerator() {
        Batch batch = BatchBuilder.using(IdGenerators.decimal())
                .request("a")
                .add(Request.of("b", Params.none(), Id.of("mine")))
                .request("c")
                .build();

        assertThat(batch.requests()).extracting(Request::id).containsExactly(Id.of(1), Id.of("mine"), Id.of(2));
    }

    @Test
    void theBuilderRefusesAnExplicitIdThatCollidesWithAGeneratedOne() {
        BatchBuilder builder = BatchBuilder.using(IdGenerators.decimal())
                .request("a")
                .add(Request.of("b", Params.none(), Id.of(1)));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the id 1");
    }

    @Test
    void theBuilderRefusesToBuildAnEmptyBatch() {
        assertThatThrownBy(() -> BatchBuilder.using(IdGenerators.decimal()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");
    }

    @Test
    void aBuiltBatchDoesNotChangeWhenTheBuilderGoesOn() {
        BatchBuilder builder = BatchBuilder.using(IdGenerators.hex()).request("a");
        Batch first = builder.build();
        builder.request("b");

        assertThat(first.calls()).hasSize(1);
        assertThat(builder.build().requests()).extracting(Request::id).containsExactly(Id.of("1"), Id.of("2"));
    }

    @Test
    void theBuilderNeedsAGenerator() {
        assertThatThrownBy(() -> BatchBuilder.using(null)).isInstanceOf(NullPointerException.class);
    }
}
