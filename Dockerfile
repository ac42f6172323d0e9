# mailaudit in a container, for machines without Rust:
#   docker build -t mailaudit .
#   docker run --rm mailaudit check example.com
#   docker run --rm -v "$PWD:/work" -w /work mailaudit check --config mailaudit.toml
#
# The builder and the final image share one Debian release, so the binary
# links against the glibc it was built with.
ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=trixie

FROM rust:${RUST_VERSION}-slim-${DEBIAN_RELEASE} AS build
WORKDIR /src
COPY . .
# One plain RUN, no BuildKit cache mounts: the file builds with the legacy
# builder too (a Docker without buildx). No debug info: Cargo.toml keeps it in
# release builds for profiling only.
ENV CARGO_PROFILE_RELEASE_DEBUG=0
RUN cargo build --release --locked --bin mailaudit \
    && install -m 0755 target/release/mailaudit /usr/local/bin/mailaudit

FROM debian:${DEBIAN_RELEASE}-slim
# mailaudit's own HTTPS fetches (MTA-STS policies) trust the Mozilla roots
# built into the binary; ca-certificates adds the system trust store
# (/etc/ssl/certs/ca-certificates.crt) for --tls-ca-file and other tools.
# Unpinned on purpose: the newest CA list of the release is the one to trust.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 mailaudit \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent mailaudit
COPY --from=build /usr/local/bin/mailaudit /usr/local/bin/mailaudit
# Numeric, so the runtime needs no passwd lookup to know it is not root.
USER 10001:10001
ENTRYPOINT ["mailaudit"]
CMD ["--help"]
