package org.airwave.serve.admin;

import java.util.Optional;

/**
 * The Icecast admin commands Airwave answers, by path: {@code /admin/<command>} in Icecast's XML,
 * {@code /admin/<command>.json} as JSON, {@code /admin/streamlist.txt} as plain text (and
 * {@code /admin/stats.xml}, an Icecast alias). Immutable.
 */
enum AdminCommand {
    STATS("stats", false),
    LISTMOUNTS("listmounts", false),
    STREAMLIST("streamlist", false),
    LISTCLIENTS("listclients", true),
    KILLCLIENT("killclient", true),
    KILLSOURCE("killsource", true),
    MOVECLIENTS("moveclients", true);

    static final String PREFIX = "/admin/";

    /** How the answer is written. */
    enum Format { XML, JSON, TEXT }

    /** A recognised admin path: the command and the format asked for. */
    record Request(AdminCommand command, Format format) {
    }

    private final String name;
    private final boolean needsMount;

    AdminCommand(String name, boolean needsMount) {
        this.name = name;
        this.needsMount = needsMount;
    }

    /** Whether the command acts on one mount ({@code ?mount=} is mandatory). */
    boolean needsMount() {
        return needsMount;
    }

    /** The command and format of a decoded request path, if it is one of ours. */
    static Optional<Request> parse(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(PREFIX.length());
        Format format = Format.XML;
        if (rest.endsWith(".json")) {
            format = Format.JSON;
            rest = rest.substring(0, rest.length() - ".json".length());
        } else if (rest.equals("streamlist.txt")) {
            format = Format.TEXT;
            rest = "streamlist";
        } else if (rest.equals("stats.xml")) {
            rest = "stats";
        }
        for (AdminCommand command : values()) {
            if (command.name.equals(rest)) {
                return Optional.of(new Request(command, format));
            }
        }
        return Optional.empty();
    }
}
