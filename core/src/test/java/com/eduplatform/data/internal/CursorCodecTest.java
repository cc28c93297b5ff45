package com.eduplatform.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eduplatform.data.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("a secret of sixteen+".getBytes(StandardCharsets.UTF_8));
    private final String fingerprint = CursorCodec.fingerprint("user_activity_logs", "timestamp desc", "true");

    @Test
    void decodesWhatItEncoded() {
        CursorCodec.Position position = new CursorCodec.Position(false, fingerprint,
                List.of("2026-11-20T10:00:00Z", "42"));

        assertThat(codec.decode(codec.encode(position), fingerprint)).isEqualTo(position);
    }

    @Test
    void signsTheSameOnManyThreadsAtOnce() throws Exception {
        List<CursorCodec.Position> positions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            positions.add(new CursorCodec.Position(i % 2 == 0, fingerprint, List.of("value-" + i, String.valueOf(i))));
        }
        List<String> expected = positions.stream().map(codec::encode).toList();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    List<String> encoded = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        encoded.clear();
                        for (CursorCodec.Position position : positions) {
                            String cursor = codec.encode(position);
                            assertThat(codec.decode(cursor, fingerprint)).isEqualTo(position);
                            encoded.add(cursor);
                        }
                    }
                    return encoded;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesACursorSignedWithAnotherSecret() {
        CursorCodec other = new CursorCodec("another secret, 16+".getBytes(StandardCharsets.UTF_8));
        String cursor = other.encode(new CursorCodec.Position(true, fingerprint, List.of("1")));

        assertThatThrownBy(() -> codec.decode(cursor, fingerprint))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("altered");
    }

    @Test
    void refusesACursorOfAnotherQuery() {
        String cursor = codec.encode(new CursorCodec.Position(true, fingerprint, List.of("1")));

        assertThatThrownBy(() -> codec.decode(cursor, CursorCodec.fingerprint("users", "id", "true")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("another query");
    }
}
