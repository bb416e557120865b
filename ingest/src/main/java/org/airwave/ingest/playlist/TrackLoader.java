package org.airwave.ingest.playlist;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Loads playlist tracks ahead of time, off the pacing thread: MP3 files are read as they are (title
 * from their ID3 tags), other files go through the {@link TrackConverter}. Loading a track while
 * the one before plays keeps a conversion of several seconds from stalling the stream.
 *
 * <p>Threading: {@link #load} may be called from any thread; the work runs on the given executor
 * (one thread shared by every playlist is enough: conversion runs far faster than real time).
 */
public final class TrackLoader {

    /** A track ready to play: MP3 bytes and the title to announce. */
    public record LoadedTrack(byte[] mp3, String title) {
    }

    private final TrackConverter converter;
    private final Executor executor;

    /**
     * @param converter turns non-MP3 tracks into MP3; null when no transcoder is available (such
     *                  tracks then fail to load and are skipped)
     */
    public TrackLoader(TrackConverter converter, Executor executor) {
        this.converter = converter;
        this.executor = executor;
    }

    /** Starts loading {@code entry}; the future fails with an {@link IOException} saying why it cannot play. */
    public CompletableFuture<LoadedTrack> load(PlaylistEntry entry) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return loadNow(entry);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private LoadedTrack loadNow(PlaylistEntry entry) throws IOException {
        if (isMp3(entry.fileName())) {
            byte[] mp3 = entry.load();
            return new LoadedTrack(mp3, Id3Tags.read(mp3).displayTitle(entry.baseName()));
        }
        if (converter == null) {
            throw new IOException("not MP3, and no transcoder to convert it");
        }
        TrackConverter.Converted converted = converter.toMp3(entry.location());
        return new LoadedTrack(converted.mp3(),
                new Id3Tags(converted.artist(), converted.title()).displayTitle(entry.baseName()));
    }

    static boolean isMp3(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".mp3");
    }
}
