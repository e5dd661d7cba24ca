package io.jsonrpcclient.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feeds a frame reader in chosen chunks and records what it found, as text. */
final class Frames implements FrameReader.Sink {

    final List<String> messages = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();

    @Override
    public void message(byte[] message) {
        messages.add(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void dropped(byte[] excerpt, long length, String why) {
        dropped.add(new String(excerpt, StandardCharsets.UTF_8) + " (" + length + " bytes: " + why + ")");
    }

    static Frames whole(FrameReader reader, String text) throws FramingException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        var frames = new Frames();
        reader.feed(bytes, 0, bytes.length, frames);
        return frames;
    }

    static Frames byteByByte(FrameReader reader, String text) throws FramingException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        var frames = new Frames();
        // Each byte from its own array, at a non-zero offset, to catch index mistakes.
        for (byte b : bytes) {
            reader.feed(new byte[] {'#', b, '#'}, 1, 1, frames);
        }
        return frames;
    }

    static Frames randomChunks(FrameReader reader, String text, long seed) throws FramingException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        var frames = new Frames();
        var random = new Random(seed);
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(17));
            byte[] chunk = new byte[n + 4];
            System.arraycopy(bytes, i, chunk, 2, n);
            reader.feed(chunk, 2, n, frames);
            i += n;
        }
        return frames;
    }
}
