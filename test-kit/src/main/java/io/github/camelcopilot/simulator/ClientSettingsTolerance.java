package io.github.camelcopilot.simulator;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http2.frame.FrameType;
import org.apache.hc.core5.http2.frame.RawFrame;
import org.apache.hc.core5.http2.impl.nio.H2StreamListener;

/**
 * Lets httpcore5-h2 (5.4.4) accept a client's {@code SETTINGS_MAX_CONCURRENT_STREAMS = 0}, which RFC 9113 allows (it
 * only forbids the server to push) and which the JDK 17 {@code HttpClient} sends by default: httpcore5-h2 takes it for a
 * protocol error and drops the connection. Before the server reads a client's SETTINGS frame, that one entry is given an
 * unassigned identifier, which a receiver must ignore; the server never pushes, so nothing else changes.
 */
final class ClientSettingsTolerance implements H2StreamListener {

    private static final int SETTING_SIZE = 6;
    private static final int MAX_CONCURRENT_STREAMS = 0x3;
    /** Unassigned in the HTTP/2 settings registry: ignored by the receiver. */
    private static final short IGNORED_SETTING = (short) 0xF003;
    private static final int ACK = 0x1;

    @Override
    public void onFrameInput(HttpConnection connection, int streamId, RawFrame frame) {
        if (frame.getType() != FrameType.SETTINGS.getValue() || (frame.getFlags() & ACK) != 0) {
            return;
        }
        // A view of the frame the server is about to read: writing to it rewrites that frame.
        ByteBuffer payload = frame.getPayload();
        if (payload == null || payload.isReadOnly()) {
            return;
        }
        for (int at = payload.position(); at + SETTING_SIZE <= payload.limit(); at += SETTING_SIZE) {
            if (payload.getShort(at) == MAX_CONCURRENT_STREAMS && payload.getInt(at + 2) == 0) {
                payload.putShort(at, IGNORED_SETTING);
            }
        }
    }

    @Override
    public void onHeaderInput(HttpConnection connection, int streamId, List<? extends Header> headers) {
    }

    @Override
    public void onHeaderOutput(HttpConnection connection, int streamId, List<? extends Header> headers) {
    }

    @Override
    public void onFrameOutput(HttpConnection connection, int streamId, RawFrame frame) {
    }

    @Override
    public void onInputFlowControl(HttpConnection connection, int streamId, int delta, int actualSize) {
    }

    @Override
    public void onOutputFlowControl(HttpConnection connection, int streamId, int delta, int actualSize) {
    }
}
