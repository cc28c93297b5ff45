package com.eduplatform.data.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a task on many threads released together, the way concurrency tests provoke a race. */
public final class Race {

    private Race() {
    }

    /** One thread's part of the race; {@code index} runs from 0 to threads - 1. */
    @FunctionalInterface
    public interface Task<T> {
        T run(int index) throws Exception;
    }

    /**
     * Runs {@code task} on {@code threads} threads that a latch releases at once, and returns every result in
     * index order; the first failure is rethrown (wrapped in an ExecutionException).
     */
    public static <T> List<T> run(int threads, Task<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return task.run(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
