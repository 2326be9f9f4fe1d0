package io.bourse.bench.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A process's memory and file descriptors as Linux and the JDK's tools see them: the heap in use after a full
 * collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}), the resident set ({@code /proc/<pid>/status}),
 * open descriptors and their limit ({@code /proc/<pid>/fd}, {@code /proc/<pid>/limits}), and an attempt to raise that
 * limit with {@code prlimit} (which needs {@code CAP_SYS_RESOURCE} beyond the hard limit).
 */
final class ServerProbe {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s.*?used (\\d+)K");
    private static final Pattern MAX_OPEN_FILES = Pattern.compile("Max open files\\s+(\\d+|unlimited)\\s+(\\d+|unlimited)");

    private ServerProbe() {
    }

    /** Forces two full collections in {@code pid}, then returns its heap in use, in bytes. */
    static long heapUsedAfterGc(final long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        final String info = jcmd(pid, "GC.heap_info");
        final Matcher matcher = HEAP_USED.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("cannot read the heap in use from jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /** The resident set size of {@code pid}, in bytes (0 if unreadable). */
    static long rssBytes(final long pid) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** How many file descriptors {@code pid} has open (-1 if unreadable). */
    static int openFiles(final long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The soft limit on open files of {@code pid} ({@link Long#MAX_VALUE} if unlimited, -1 if unreadable). */
    static long maxOpenFiles(final long pid) {
        try {
            final Matcher matcher = MAX_OPEN_FILES.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "limits")));
            if (!matcher.find()) {
                return -1;
            }
            return "unlimited".equals(matcher.group(1)) ? Long.MAX_VALUE : Long.parseLong(matcher.group(1));
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Tries to raise the open-file limit (soft and hard) of {@code pid} to {@code limit} with {@code prlimit}; what
     * happened, in a few words.
     */
    static String tryRaiseOpenFiles(final long pid, final long limit) throws InterruptedException {
        final long before = maxOpenFiles(pid);
        if (before >= limit) {
            return "already " + before;
        }
        try {
            final Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + limit + ":" + limit)
                .redirectErrorStream(true).start();
            final String output = new String(prlimit.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!prlimit.waitFor(10, TimeUnit.SECONDS) || prlimit.exitValue() != 0) {
                return "stays " + before + " (" + (output.isEmpty() ? "prlimit failed" : output.replace('\n', ' ')) + ")";
            }
            return "raised from " + before + " to " + maxOpenFiles(pid);
        } catch (final IOException e) {
            return "stays " + before + " (no prlimit: " + e.getMessage() + ")";
        }
    }

    private static String jcmd(final long pid, final String command) throws IOException, InterruptedException {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final Process process = new ProcessBuilder(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command))
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
        }
        return output;
    }
}
