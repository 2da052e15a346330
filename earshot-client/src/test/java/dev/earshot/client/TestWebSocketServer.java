package dev.earshot.client;

import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A minimal RFC 6455 server for tests, on 127.0.0.1 and an ephemeral port: the JDK has no
 * WebSocket server, and a scripted one lets a test play any server behaviour, including
 * the broken ones (fragmented frames, a silent server, a dropped socket).
 *
 * <p>Each connection runs its {@link Script} on a virtual thread; what a script throws is
 * kept in {@link #failures} for the test to assert on.
 */
final class TestWebSocketServer implements AutoCloseable {

    /** The GUID every accept key is hashed with, RFC 6455 section 1.3. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the server does on one accepted WebSocket. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** The handshake request as received. Header names are lower-cased. */
    record Request(String target, Map<String, String> headers) { }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Script script;
    /** 0 upgrades; an HTTP status refuses with it; -1 never answers the handshake. */
    private final int handshakeStatus;

    private TestWebSocketServer(Script script, int handshakeStatus) throws IOException {
        this.script = script;
        this.handshakeStatus = handshakeStatus;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-ws-accept").start(this::acceptLoop);
    }

    static TestWebSocketServer start(Script script) throws IOException {
        return new TestWebSocketServer(script, 0);
    }

    static TestWebSocketServer refusing(int handshakeStatus) throws IOException {
        return new TestWebSocketServer(peer -> { }, handshakeStatus);
    }

    String httpUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("test-ws-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            Request request = readRequest(in);
            requests.add(request);
            if (handshakeStatus == -1) {
                in.read(); // hold the connection until the client gives up
                return;
            }
            if (handshakeStatus != 0) {
                out.write(("HTTP/1.1 " + handshakeStatus + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String accept = accept(request.headers().get("sec-websocket-key"));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            script.run(new Peer(socket));
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        Map<String, String> headers = new TreeMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Request(requestLine.split(" ")[1], headers);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String accept(String key) throws NoSuchAlgorithmException {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(sha1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** The server's end of one WebSocket. */
    static final class Peer {
        private static final ProtocolCodec CODEC = new ProtocolCodec();
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        /** The close code the client sent, once {@link #readText} has seen its close frame. */
        volatile int clientCloseCode = -1;
        /** This side has sent its close frame; only the script's thread touches it. */
        private boolean closeSent;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void send(ServerEvent event) throws IOException {
            sendText(CODEC.encode(event));
        }

        void sendText(String text) throws IOException {
            writeFrame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends {@code text} as a text frame and continuation frames, split in {@code parts}. */
        void sendFragmented(String text, int parts) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            int size = (bytes.length + parts - 1) / parts;
            for (int i = 0, from = 0; from < bytes.length; i++, from += size) {
                byte[] part = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size));
                writeFrame(from + size >= bytes.length, i == 0 ? 0x1 : 0x0, part);
            }
        }

        /** Reads the next client message as an event; null once the client has closed. */
        ClientEvent readEvent(Duration timeout) throws Exception {
            String text = readText(timeout);
            return text == null ? null : CODEC.readClientEvent(text);
        }

        /** Reads the next text message, answering pings; null once the client sent close. */
        String readText(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = b0 & 0x0F;
                switch (opcode) {
                    case 0x8 -> {
                        clientCloseCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        answerClose(payload);
                        return null;
                    }
                    case 0x9 -> writeFrame(true, 0xA, payload);
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if ((b0 & 0x80) != 0) {
                            return message.toString(StandardCharsets.UTF_8);
                        }
                    }
                    default -> { }
                }
            }
        }

        /**
         * Answers the client's close frame with one of the same code, as RFC 6455 section 5.5.1
         * requires, unless this side closed first. Dropping the TCP connection without it makes
         * the client depend on seeing the EOF, and the JDK's WebSocket loses an EOF that arrives
         * while its listener is still inside {@code onText} (its debug log shows {@code read: EOF}
         * and {@code shutdownInput}, then no {@code onClose} or {@code onError}): the client's
         * {@code close()} then waited out its whole timeout.
         */
        private void answerClose(byte[] payload) throws IOException {
            if (!closeSent) {
                closeSent = true;
                writeFrame(true, 0x8, Arrays.copyOf(payload, Math.min(payload.length, 2)));
            }
        }

        /** Sends a close frame, then reads until the client's answer, then drops the socket. */
        void close(int code, String reason) throws IOException {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + text.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            closeSent = true;
            writeFrame(true, 0x8, payload);
            try {
                while (readText(Duration.ofSeconds(5)) != null) {
                    // skip what the client still sends before its close frame
                }
            } catch (SocketException | EOFException e) {
                // the client dropped the connection instead of answering: fine for a test
            }
            socket.close();
        }

        /** Drops the TCP connection without a close frame. */
        void abort() throws IOException {
            socket.close();
        }

        private void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >> shift));
                }
            }
            frame.write(payload);
            synchronized (out) {
                out.write(frame.toByteArray());
                out.flush();
            }
        }
    }
}
