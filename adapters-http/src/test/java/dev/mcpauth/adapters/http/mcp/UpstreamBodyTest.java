package dev.mcpauth.adapters.http.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamBodyTest {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    @Test
    void subscribeWhenUpstreamSendsThenPiecesFlowOnlyAsRequested() {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        FakeSubscription upstream = new FakeSubscription();
        body.onSubscribe(upstream);
        assertEquals(1, upstream.requested.get(), "one piece is fetched ahead before the response is committed");
        body.onNext(List.of(bytes("a")));
        Recorder client = new Recorder();

        body.publisher(UpstreamBodyTest::text).subscribe(client);
        assertEquals(List.of(), client.items);
        client.subscription.request(1);
        assertEquals(List.of("a"), client.items);
        assertEquals(1, upstream.requested.get(), "nothing more is fetched until the client asks");
        client.subscription.request(5);
        assertEquals(2, upstream.requested.get());
        body.onNext(List.of(bytes("b"), bytes("c")));
        assertEquals(3, upstream.requested.get(), "one piece at a time");
        body.onComplete();

        assertEquals(List.of("a", "bc"), client.items);
        assertTrue(client.completed);
    }

    @Test
    void subscribeWhenHeadFirstThenAnEmptyPieceGoesOutBeforeAnyUpstreamData() {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        body.onSubscribe(new FakeSubscription());
        body.sendHeadFirst();
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);

        client.subscription.request(1);

        assertEquals(List.of(""), client.items);
    }

    @Test
    void firstWhenUpstreamSilentThenTimedOutAndUpstreamCancelled() {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofMillis(100));
        FakeSubscription upstream = new FakeSubscription();
        body.onSubscribe(upstream);

        assertEquals(UpstreamBody.First.TIMED_OUT, body.first().join());
        assertTrue(upstream.cancelled);
    }

    @Test
    void firstWhenDataArrivesThenData() {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofSeconds(5));
        body.onSubscribe(new FakeSubscription());
        body.onNext(List.of(bytes("x")));

        assertEquals(UpstreamBody.First.DATA, body.first().join());
    }

    @Test
    void firstWhenTheEndCameWithTheDataThenDataAndTheBodyCanBeTakenWhole() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofSeconds(5));
        FakeSubscription upstream = new FakeSubscription();
        body.onSubscribe(upstream);
        // the loop that delivers the body is busy with the rest of its read until this latch opens
        CountDownLatch readHandled = new CountDownLatch(1);
        TIMER.execute(() -> await(readHandled));
        body.onNext(List.of(bytes("event: message\n"), bytes("data: {}\n\n")));
        body.onComplete();
        assertFalse(body.first().isDone(), "DATA is told only after the loop has handled the rest of its read");
        readHandled.countDown();

        assertEquals(UpstreamBody.First.DATA, body.first().get(5, TimeUnit.SECONDS));
        assertArrayEquals("event: message\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8), body.takeWhole().get());
        Recorder late = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(late);
        assertInstanceOf(IllegalStateException.class, late.error.get(), "a body taken whole is used up");
    }

    @Test
    void takeWholeWhenMoreIsToComeThenEmptyAndTheBodyStillStreams() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofSeconds(5));
        body.onSubscribe(new FakeSubscription());
        body.onNext(List.of(bytes("a")));
        assertEquals(UpstreamBody.First.DATA, body.first().get(5, TimeUnit.SECONDS));

        assertTrue(body.takeWhole().isEmpty());

        Recorder client = reader(body, 5);
        body.onComplete();
        assertEquals(List.of("a"), client.items);
        assertTrue(client.completed);
    }

    @Test
    void takeWholeWhenTheBodyFailedAfterItsDataThenEmptyAndTheFailureReachesTheReader() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofSeconds(5));
        body.onSubscribe(new FakeSubscription());
        body.onNext(List.of(bytes("a")));
        body.onError(new IOException("the upstream closed the connection"));

        assertEquals(UpstreamBody.First.DATA, body.first().get(5, TimeUnit.SECONDS));
        assertTrue(body.takeWhole().isEmpty());
        Recorder client = reader(body, 5);
        assertEquals(List.of("a"), client.items);
        assertInstanceOf(IOException.class, client.error.get());
    }

    @Test
    void firstWhenTheBodyIsEmptyThenEnd() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofSeconds(5));
        body.onSubscribe(new FakeSubscription());
        body.onComplete();

        assertEquals(UpstreamBody.First.END, body.first().get(5, TimeUnit.SECONDS));
    }

    @Test
    void subscribeWhenSilentMidStreamThenTrailerAndCompletion() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofMillis(150));
        FakeSubscription upstream = new FakeSubscription();
        body.onSubscribe(upstream);
        body.onNext(List.of(bytes("event1\n\n")));
        body.onIdleTimeoutAppend("timeout-event\n\n".getBytes(StandardCharsets.UTF_8));
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);

        client.subscription.request(Long.MAX_VALUE);

        assertTrue(client.done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("event1\n\n", "timeout-event\n\n"), client.items);
        assertTrue(client.completed);
        assertTrue(upstream.cancelled);
    }

    @Test
    void subscribeWhenSilentMidStreamWithoutTrailerThenError() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofMillis(100));
        body.onSubscribe(new FakeSubscription());
        body.onNext(List.of(bytes("{")));
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);

        client.subscription.request(10);

        assertTrue(client.done.await(5, TimeUnit.SECONDS));
        assertInstanceOf(UpstreamBody.UpstreamTimeoutException.class, client.error.get());
    }

    @Test
    void cancelWhenClientGoesAwayThenUpstreamCancelled() {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        FakeSubscription upstream = new FakeSubscription();
        body.onSubscribe(upstream);
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);

        client.subscription.cancel();

        assertTrue(upstream.cancelled);
    }

    @Test
    void requestWhenNotPositiveThenErrorPerReactiveStreams() {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        FakeSubscription upstream = new FakeSubscription();
        body.onSubscribe(upstream);
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);

        client.subscription.request(0);

        assertInstanceOf(IllegalArgumentException.class, client.error.get());
        assertTrue(upstream.cancelled);
    }

    @Test
    void subscribeWhenSecondSubscriberThenRefused() {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        body.publisher(UpstreamBodyTest::text).subscribe(new Recorder());
        Recorder second = new Recorder();

        body.publisher(UpstreamBodyTest::text).subscribe(second);

        assertInstanceOf(IllegalStateException.class, second.error.get());
    }

    @Test
    void collectWhenEnoughThenStopsAndCancelsTheRest() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, Duration.ofSeconds(5));
        FakeSubscription upstream = new FakeSubscription();
        upstream.onRequest = () -> {
            int n = upstream.requested.get();
            if (n <= 3) {
                Executors.newSingleThreadExecutor().execute(() -> body.onNext(List.of(bytes("p" + n))));
            }
        };
        body.onSubscribe(upstream);

        byte[] collected = body.collect(1024, b -> new String(b, StandardCharsets.UTF_8).contains("p2")).get();

        assertArrayEquals("p1p2".getBytes(StandardCharsets.UTF_8), collected);
        assertTrue(upstream.cancelled);
    }

    @Test
    void collectWhenTooLargeThenFails() {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        body.onSubscribe(new FakeSubscription());
        body.onNext(List.of(bytes("0123456789")));

        ExecutionException failure = assertThrows(ExecutionException.class, () -> body.collect(5, b -> false).get());
        assertInstanceOf(IOException.class, failure.getCause());
    }

    @Test
    void drainWhenManyThreadsPublishAndRequestThenEveryPieceArrivesOnceInOrder() throws Exception {
        UpstreamBody body = new UpstreamBody(TIMER, null);
        int pieces = 2000;
        AtomicInteger next = new AtomicInteger();
        FakeSubscription upstream = new FakeSubscription();
        var pool = Executors.newFixedThreadPool(4);
        upstream.onRequest = () -> pool.execute(() -> {
            int n = next.getAndIncrement();
            if (n < pieces) {
                body.onNext(List.of(bytes(n + ",")));
            } else if (n == pieces) {
                body.onComplete();
            }
        });
        body.onSubscribe(upstream);
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);
        for (int i = 0; i < pieces + 5; i++) {
            pool.execute(() -> client.subscription.request(1));
        }

        assertTrue(client.done.await(10, TimeUnit.SECONDS));
        pool.shutdownNow();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            expected.append(i).append(',');
        }
        assertEquals(expected.toString(), String.join("", client.items));
        assertTrue(client.completed);
    }

    /** A client that has subscribed to the body and asked for {@code demand} pieces. */
    private static Recorder reader(UpstreamBody body, long demand) {
        Recorder client = new Recorder();
        body.publisher(UpstreamBodyTest::text).subscribe(client);
        client.subscription.request(demand);
        return client;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static final class FakeSubscription implements Flow.Subscription {
        final AtomicInteger requested = new AtomicInteger();
        volatile boolean cancelled;
        volatile Runnable onRequest = () -> {
        };

        @Override
        public void request(long n) {
            requested.addAndGet((int) n);
            onRequest.run();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static final class Recorder implements Subscriber<String> {
        final List<String> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Subscription subscription;
        volatile boolean completed;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(String item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            done.countDown();
        }

        @Override
        public void onComplete() {
            completed = true;
            done.countDown();
        }
    }
}
