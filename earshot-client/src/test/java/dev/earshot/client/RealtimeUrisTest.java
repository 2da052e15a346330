package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RealtimeUrisTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        https://api.mistral.ai         | wss://api.mistral.ai/v1/audio/transcriptions/realtime?model=m%20x%2Fy
        http://127.0.0.1:8080/         | ws://127.0.0.1:8080/v1/audio/transcriptions/realtime?model=m%20x%2Fy
        https://host/prefix            | wss://host/prefix/v1/audio/transcriptions/realtime?model=m%20x%2Fy
        wss://host:9/a/b//             | wss://host:9/a/b/v1/audio/transcriptions/realtime?model=m%20x%2Fy
        WS://host                      | ws://host/v1/audio/transcriptions/realtime?model=m%20x%2Fy
        """)
    void buildsTheRealtimeUri(String base, String expected) {
        assertThat(RealtimeUris.realtime(RealtimeUris.webSocketBase(base), "m x/y")).isEqualTo(URI.create(expected));
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> RealtimeUris.webSocketBase("ftp://host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("base URL must start with ws://, wss://, http:// or https://, was 'ftp://host'");
    }

    @Test
    void environmentFillsWhatWasNotSet() {
        Map<String, String> env = Map.of("MISTRAL_API_KEY", "env-key", "MISTRAL_BASE_URL", "http://local:1");
        var client = (DefaultRealtimeClient) RealtimeClient.builder().build(env::get);
        assertThat(client.config().apiKey()).isEqualTo("env-key");
        assertThat(client.config().baseUri()).isEqualTo(URI.create("ws://local:1"));

        var explicit = (DefaultRealtimeClient) RealtimeClient.builder().apiKey("k").baseUrl("https://h").build(env::get);
        assertThat(explicit.config().apiKey()).isEqualTo("k");
        assertThat(explicit.config().baseUri()).isEqualTo(URI.create("wss://h"));

        var defaults = (DefaultRealtimeClient) RealtimeClient.builder().build(name -> null);
        assertThat(defaults.config().baseUri()).isEqualTo(URI.create("wss://api.mistral.ai"));
        assertThat(defaults.config().apiKey()).isNull();
    }
}
