package org.airwave.app.limits;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's file-descriptor limit ({@code ulimit -n}) and the default of
 * {@code limits.max-connections} derived from it: the limit less room for what else holds
 * descriptors (the JVM's jars and event loops, relay connections, playlist files being read,
 * FFmpeg): {@value #RESERVED} descriptors and 1/{@value #RESERVED_SHARE} of the limit, so 20,000
 * descriptors admit 19,432 connections and 1,024 admit 752. Stateless.
 */
public final class DescriptorLimit {

    static final int RESERVED = 256;
    static final int RESERVED_SHARE = 64;

    private DescriptorLimit() {
    }

    /** The descriptor limit of this process, or -1 where the platform does not tell. */
    public static long ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** The total connections a descriptor limit admits by default; no limit when it is unknown (-1). */
    public static int defaultMaxConnections(long descriptorLimit) {
        if (descriptorLimit <= 0) {
            return Integer.MAX_VALUE;
        }
        long room = descriptorLimit - RESERVED - descriptorLimit / RESERVED_SHARE;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(descriptorLimit / 4, room));
    }
}
