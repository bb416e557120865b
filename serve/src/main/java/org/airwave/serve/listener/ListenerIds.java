package org.airwave.serve.listener;

import java.util.concurrent.atomic.AtomicLong;

/** Hands out listener ids, unique for the life of the process (Icecast clients' ids). Threading: any. */
final class ListenerIds {

    private static final AtomicLong NEXT = new AtomicLong(1);

    private ListenerIds() {
    }

    static long next() {
        return NEXT.getAndIncrement();
    }
}
