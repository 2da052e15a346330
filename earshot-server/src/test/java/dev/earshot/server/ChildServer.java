package dev.earshot.server;

import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;

/**
 * A server in a process of its own, for tests that kill it: one engine worker, loopback, no keys,
 * on the port given as the only argument (0 for an ephemeral one). Prints {@code PORT <n>} once
 * it listens, then serves until killed.
 */
public final class ChildServer {

    private ChildServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ModelRegistry models = ModelRegistry.open(ModelConfig.defaults().withOption("workers", "1"));
        EarshotServer server = new EarshotServer(ServerConfig.builder().port(Integer.parseInt(args[0])).build(),
                models.engines());
        System.out.println("PORT " + server.start());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
