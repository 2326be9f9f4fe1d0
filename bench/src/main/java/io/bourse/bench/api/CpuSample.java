package io.bourse.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time from Linux's {@code /proc}: of a process, of each of its threads (by name), and of the whole machine, so a
 * row can say where the two cores went. Elsewhere than on Linux every figure is zero.
 *
 * @param nanos       when the sample was taken ({@link System#nanoTime()})
 * @param processTicks user + system time of the process, in clock ticks
 * @param threadTicks  user + system ticks per thread id, with the thread's name
 * @param machineBusy  busy ticks of all cores together (everything but idle and iowait)
 */
public record CpuSample(long nanos, long processTicks, Map<Long, ThreadTicks> threadTicks, long machineBusy) {
    /** Linux's USER_HZ, the unit of the tick counts in {@code /proc} (100 on every common kernel). */
    public static final double TICKS_PER_SECOND = 100;

    /** One thread's name and ticks. */
    public record ThreadTicks(String name, long ticks) {
    }

    /** A sample of process {@code pid}; with {@code threads}, of each of its threads too. */
    public static CpuSample of(final long pid, final boolean threads) {
        final long now = System.nanoTime();
        final Path proc = Path.of("/proc", Long.toString(pid));
        final Map<Long, ThreadTicks> perThread = new HashMap<>();
        if (threads) {
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (final Path task : tasks.toList()) {
                    final String[] stat = stat(task.resolve("stat"));
                    if (stat != null) {
                        perThread.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(stat[0], ticks(stat)));
                    }
                }
            } catch (final IOException | RuntimeException e) {
                perThread.clear();
            }
        }
        final String[] stat = stat(proc.resolve("stat"));
        return new CpuSample(now, stat == null ? 0 : ticks(stat), perThread, readMachineBusy());
    }

    /** The CPU the process used between {@code earlier} and this sample, in percent of one core. */
    public double processPercentSince(final CpuSample earlier) {
        return percent(processTicks - earlier.processTicks, earlier);
    }

    /** The CPU all cores did between {@code earlier} and this sample, in percent of one core (200 = two cores busy). */
    public double machinePercentSince(final CpuSample earlier) {
        return percent(machineBusy - earlier.machineBusy, earlier);
    }

    /**
     * Per thread group (the name with its trailing number dropped: the event loops, GC threads, compiler threads each
     * form one group), percent of one core between {@code earlier} and this sample, largest first.
     */
    public Map<String, Double> threadPercentSince(final CpuSample earlier) {
        final Map<String, Long> byGroup = new HashMap<>();
        for (final Map.Entry<Long, ThreadTicks> entry : threadTicks.entrySet()) {
            final ThreadTicks before = earlier.threadTicks.get(entry.getKey());
            final long used = entry.getValue().ticks() - (before == null ? 0 : before.ticks());
            byGroup.merge(group(entry.getValue().name()), used, Long::sum);
        }
        final Map<String, Double> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> sorted.put(e.getKey(), percent(e.getValue(), earlier)));
        return sorted;
    }

    /**
     * Waits up to {@code seconds} until the rest of the machine (everything but the server {@code serverPid} and this
     * process) has used under 10% of a core for a whole second, so that a row is not measured beside someone else's
     * build; says so when it gives up. Does nothing when {@code seconds} is not positive ({@code --wait-quiet} unset).
     */
    public static void awaitQuiet(final long serverPid, final double seconds) throws InterruptedException {
        if (seconds <= 0) {
            return;
        }
        final long deadline = System.nanoTime() + (long) (seconds * 1e9);
        final long self = ProcessHandle.current().pid();
        while (true) {
            final CpuSample serverBefore = of(serverPid, false);
            final CpuSample selfBefore = of(self, false);
            Thread.sleep(1_000);
            final CpuSample serverAfter = of(serverPid, false);
            final double other = serverAfter.machinePercentSince(serverBefore) - serverAfter.processPercentSince(serverBefore)
                - of(self, false).processPercentSince(selfBefore);
            if (other < 10) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "  (the machine is not quiet: other processes use %.0f%% of a core; measuring anyway)%n", other);
                return;
            }
        }
    }

    private double percent(final long ticks, final CpuSample earlier) {
        final double seconds = (nanos - earlier.nanos) / 1e9;
        return seconds <= 0 ? 0 : 100.0 * ticks / TICKS_PER_SECOND / seconds;
    }

    private static String group(final String name) {
        int end = name.length();
        while (end > 0 && (Character.isDigit(name.charAt(end - 1)) || name.charAt(end - 1) == '#' || name.charAt(end - 1) == '-')) {
            end--;
        }
        return end == 0 ? name : name.substring(0, end);
    }

    /** The fields of a {@code stat} file from the name on: [0] the name, [1] the state, ... (null if unreadable). */
    private static String[] stat(final Path file) {
        try {
            final String text = Files.readString(file, StandardCharsets.US_ASCII);
            final int open = text.indexOf('(');
            final int close = text.lastIndexOf(')');
            final String name = text.substring(open + 1, close);
            final String[] rest = text.substring(close + 2).trim().split(" ");
            final String[] fields = new String[rest.length + 1];
            fields[0] = name;
            System.arraycopy(rest, 0, fields, 1, rest.length);
            return fields;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime: fields 14 and 15 of stat, here at 12 and 13 (the pid is not in the array, the name is at 0). */
    private static long ticks(final String[] fields) {
        return Long.parseLong(fields[12]) + Long.parseLong(fields[13]);
    }

    private static long readMachineBusy() {
        try {
            final List<String> lines = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII);
            final String[] cpu = lines.get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
    }
}
