package com.eduplatform.data.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The commit-position token reads and writes PostgreSQL's pg_lsn text and orders positions as PostgreSQL does. */
class WalPositionTest {

    @Test
    void parsesAndPrintsPostgresTextForm() {
        WalPosition position = WalPosition.parse("16/B374D848");

        assertThat(position.value()).isEqualTo(0x16B374D848L);
        assertThat(position).hasToString("16/B374D848");
        assertThat(WalPosition.parse("0/0")).hasToString("0/0");
        assertThat(WalPosition.parse("ffffffff/ffffffff").value()).isEqualTo(-1L);
    }

    @Test
    void comparesUnsignedLikePgLsn() {
        WalPosition low = WalPosition.parse("0/16B3748");
        WalPosition high = WalPosition.parse("1/0");
        WalPosition highest = WalPosition.parse("FFFFFFFF/FFFFFFFF");

        assertThat(high.reached(low)).isTrue();
        assertThat(low.reached(high)).isFalse();
        assertThat(low.reached(low)).isTrue();
        assertThat(highest.reached(high)).isTrue();
        assertThat(high.reached(highest)).isFalse();
    }

    @Test
    void refusesTextThatIsNotAPosition() {
        for (String text : new String[] {"", "16B3748", "/1", "1/", "x/1", "1/2/3", "123456789/0"}) {
            assertThatThrownBy(() -> WalPosition.parse(text))
                    .as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
