package io.github.camelcopilot.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Collects a response body as it arrives (readable before it ends); the result is the whole body as text. */
final class TextCollector implements AsyncResponseConsumer<String> {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile ProtocolVersion version;
    private volatile FutureCallback<String> whenDone;

    synchronized String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    ProtocolVersion version() {
        return version;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
            FutureCallback<String> resultCallback) {
        version = response.getVersion();
        whenDone = resultCallback;
        if (entityDetails == null) {
            resultCallback.completed("");
        }
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws java.io.IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public synchronized void consume(ByteBuffer src) {
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        received.writeBytes(bytes);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        whenDone.completed(text());
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
    }

    @Override
    public void failed(Exception cause) {
        FutureCallback<String> callback = whenDone;
        if (callback != null) {
            callback.failed(cause);
        }
    }

    @Override
    public void releaseResources() {
    }
}
