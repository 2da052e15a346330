package dev.earshot.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 for fault tests: each connection goes to the first of its backend
 * ports that accepts (a balancer at its simplest), and {@link #cut()} drops every connection open
 * now with a reset, as a broken network or a dead balancer would, while new connections still pass.
 * Public for the CLI's resume test.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> backends;
    /** Both sockets of every open connection. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public LoopbackProxy(List<Integer> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection open now; returns how many connections that was. */
    public int cut() {
        int pairs = open.size() / 2;
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // close() then sends RST, not FIN
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        open.clear();
        return pairs;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = connect();
                if (server == null) {
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // listener closed
            }
        }
    }

    private Socket connect() {
        for (int port : backends) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                // this backend is down: the next one
            }
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("proxy-pump").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away; closing both below ends the other pump
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
