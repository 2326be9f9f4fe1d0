package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class KlineIntervalTest {
    private static long t(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void fixedIntervalsAlignToTheEpoch() {
        final long time = t("2024-03-10T10:17:42.123Z");
        assertThat(KlineInterval.S1.openTime(time)).isEqualTo(t("2024-03-10T10:17:42Z"));
        assertThat(KlineInterval.M1.openTime(time)).isEqualTo(t("2024-03-10T10:17:00Z"));
        assertThat(KlineInterval.M15.openTime(time)).isEqualTo(t("2024-03-10T10:15:00Z"));
        assertThat(KlineInterval.H4.openTime(time)).isEqualTo(t("2024-03-10T08:00:00Z"));
        assertThat(KlineInterval.D1.openTime(time)).isEqualTo(t("2024-03-10T00:00:00Z"));
        assertThat(KlineInterval.M1.closeTime(t("2024-03-10T10:17:00Z"))).isEqualTo(t("2024-03-10T10:17:59.999Z"));
        assertThat(KlineInterval.M1.openTime(t("2024-03-10T10:17:00Z"))).isEqualTo(t("2024-03-10T10:17:00Z"));
        assertThat(KlineInterval.M1.openTime(t("2024-03-10T10:16:59.999Z"))).isEqualTo(t("2024-03-10T10:16:00Z"));
    }

    @Test
    void weeksOpenOnMonday() {
        assertThat(KlineInterval.W1.openTime(t("2024-03-10T23:59:59.999Z"))).isEqualTo(t("2024-03-04T00:00:00Z"));
        assertThat(KlineInterval.W1.openTime(t("2024-03-11T00:00:00Z"))).isEqualTo(t("2024-03-11T00:00:00Z"));
        assertThat(KlineInterval.W1.openTime(t("1970-01-01T00:00:00Z"))).isEqualTo(t("1969-12-29T00:00:00Z"));
        assertThat(KlineInterval.W1.closeTime(t("2024-03-04T00:00:00Z"))).isEqualTo(t("2024-03-10T23:59:59.999Z"));
    }

    @Test
    void monthsAreCalendarMonths() {
        assertThat(KlineInterval.MONTH1.openTime(t("2024-02-29T12:00:00Z"))).isEqualTo(t("2024-02-01T00:00:00Z"));
        assertThat(KlineInterval.MONTH1.closeTime(t("2024-02-01T00:00:00Z"))).isEqualTo(t("2024-02-29T23:59:59.999Z"));
        assertThat(KlineInterval.MONTH1.closeTime(t("2023-02-01T00:00:00Z"))).isEqualTo(t("2023-02-28T23:59:59.999Z"));
        assertThat(KlineInterval.MONTH1.openTime(t("2023-12-31T23:59:59.999Z"))).isEqualTo(t("2023-12-01T00:00:00Z"));
        assertThat(KlineInterval.MONTH1.closeTime(t("2023-12-01T00:00:00Z"))).isEqualTo(t("2023-12-31T23:59:59.999Z"));
        assertThat(KlineInterval.MONTH1.openTime(t("2024-01-01T00:00:00Z"))).isEqualTo(t("2024-01-01T00:00:00Z"));
    }

    @Test
    void everyTimeLiesInItsKline() {
        for (final KlineInterval interval : KlineInterval.values()) {
            for (long time = t("2023-12-25T00:00:00Z"); time < t("2024-03-05T00:00:00Z"); time += 7_777_777L) {
                final long open = interval.openTime(time);
                assertThat(open).as(interval.code()).isLessThanOrEqualTo(time);
                assertThat(interval.closeTime(open)).as(interval.code()).isGreaterThanOrEqualTo(time);
                assertThat(interval.openTime(interval.closeTime(open) + 1)).as(interval.code()).isEqualTo(interval.closeTime(open) + 1);
            }
        }
    }
}
