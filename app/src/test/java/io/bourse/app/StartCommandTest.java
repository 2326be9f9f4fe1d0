package io.bourse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bourse.gateway.NodeConfig;

/** How {@code bourse start} reads its options and environment: options win, then the environment, then the defaults. */
class StartCommandTest {

    @Test
    void defaults() {
        final NodeConfig config = new Main.Start().config(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.rateLimits().enabled()).isTrue();
        assertThat(config.adminToken()).isNull();
        assertThat(config.historyJdbcUrl()).isNull();
    }

    @Test
    void environmentThenOptions() {
        final Map<String, String> env = Map.of("BOURSE_PORT", "9000", "BOURSE_DATA_DIR", "/tmp/x", "BOURSE_RATE_LIMITS", "off",
            "BOURSE_ADMIN_TOKEN", "tok", "BOURSE_HISTORY_JDBC_URL", "jdbc:postgresql://127.0.0.1/bourse");
        final NodeConfig fromEnv = new Main.Start().config(env);
        assertThat(fromEnv.port()).isEqualTo(9000);
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(fromEnv.rateLimits().enabled()).isFalse();
        assertThat(fromEnv.adminToken()).isEqualTo("tok");
        assertThat(fromEnv.historyJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/bourse");
        final Main.Start start = new Main.Start();
        start.port = 9100;
        start.rateLimits = "on";
        start.dataDir = Path.of("/tmp/y");
        final NodeConfig fromOptions = start.config(env);
        assertThat(fromOptions.port()).isEqualTo(9100);
        assertThat(fromOptions.rateLimits().enabled()).isTrue();
        assertThat(fromOptions.dataDir()).isEqualTo(Path.of("/tmp/y"));
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new Main.Start().config(Map.of("BOURSE_PORT", "http"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Main.Start().config(Map.of("BOURSE_RATE_LIMITS", "maybe"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Main.run("start", "--rate-limits", "maybe")).isEqualTo(2);
    }
}
