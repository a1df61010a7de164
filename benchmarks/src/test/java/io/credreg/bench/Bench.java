package io.credreg.bench;

/** What every benchmark prints and times the same way. */
final class Bench {

    private Bench() {
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
