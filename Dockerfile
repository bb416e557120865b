# syntax=docker/dockerfile:1
# Airwave image: built from source with Maven, run on a slim JRE 17 as a non-root user.
#   docker build -t airwave .
#   docker run -p 8000:8000 -p 8001:8001 airwave      (prints generated passwords at start)
# docker-compose.yml runs it with Prometheus and Grafana; see README, "Monitoring".

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY core core
COPY ingest ingest
COPY transcode transcode
COPY serve serve
COPY monitoring monitoring
COPY app app
# Tests need ffmpeg, mpg123, Prometheus and more on the PATH (.ci/run); the image only builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

# Debian 12 for its FFmpeg 5.1 libraries (libavformat59 brings libavcodec59 and the optimised
# libmp3lame): the transcoder loads them in preference to the copies bundled in the JavaCV jars,
# whose LAME costs about three times the CPU (transcode's FfmpegLibraries).
FROM debian:bookworm-slim
# A JRE; curl for the health check; a system user whose home holds JavaCV's unpacked native libraries.
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl libavformat59 libswresample4 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/airwave --shell /usr/sbin/nologin airwave
COPY --from=build /src/app/target/airwave.jar /opt/airwave/airwave.jar
COPY monitoring/airwave-docker.yaml /etc/airwave/airwave.yaml
USER airwave
WORKDIR /var/lib/airwave
# 8000: listeners, Icecast sources, /metrics, /health; 8001: SHOUTcast v1 sources.
EXPOSE 8000 8001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8000/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Xmn32m", "-XX:MaxTenuringThreshold=1", "-XX:MetaspaceSize=64m", "-XX:TrimNativeHeapInterval=2000", "-jar", "/opt/airwave/airwave.jar"]
CMD ["--config", "/etc/airwave/airwave.yaml"]
