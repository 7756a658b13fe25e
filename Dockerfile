# FlowAuditor's image: built with the .NET 10 SDK, run on the chiseled ASP.NET runtime (no shell, no package manager,
# non-root user `app`, uid 1654, by default). Kestrel serves the metrics and the API on 9464.
#
#   docker build --build-arg SOURCE_REVISION=$(git rev-parse HEAD) -t REGISTRY/flowauditor:TAG .
#
# Without Docker, the SDK builds and pushes the same kind of image (base and user from FlowAuditor.csproj):
#   dotnet publish src/FlowAuditor -c Release --use-current-runtime /t:PublishContainer -p:ContainerRegistry=REGISTRY -p:ContainerImageTag=TAG
#
# Base images are pinned by digest, the tag in the comment above each FROM. The digests were taken from public
# Dockerfiles that pin these tags; they could not be checked against mcr.microsoft.com from the machine this was
# written on (no registry access). Before relying on them, refresh both with
#   docker buildx imagetools inspect mcr.microsoft.com/dotnet/sdk:10.0
#   docker buildx imagetools inspect mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
# and let Renovate or Dependabot keep them current.

# mcr.microsoft.com/dotnet/sdk:10.0
FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:ea8bde36c11b6e7eec2656d0e59101d4462f6bd630730f2c8201ed0572b295d5 AS build
WORKDIR /src

# Restore layer: only what restore reads, so a source change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/FlowAuditor.Core/FlowAuditor.Core.csproj src/FlowAuditor.Core/
COPY src/FlowAuditor.Hubble/FlowAuditor.Hubble.csproj src/FlowAuditor.Hubble/
COPY src/FlowAuditor.Kubernetes/FlowAuditor.Kubernetes.csproj src/FlowAuditor.Kubernetes/
COPY src/FlowAuditor/FlowAuditor.csproj src/FlowAuditor/
RUN dotnet restore src/FlowAuditor/FlowAuditor.csproj --use-current-runtime

COPY protos/ protos/
COPY src/ src/
# The commit for flowauditor_build_info (.git is not in the build context).
ARG SOURCE_REVISION=unknown
# For the build machine's runtime (amd64 or arm64), so the code is precompiled ReadyToRun (FlowAuditor.csproj).
RUN dotnet publish src/FlowAuditor/FlowAuditor.csproj -c Release --use-current-runtime --self-contained false -o /app --no-restore --nologo \
    -p:EnableSourceControlManagerQueries=false -p:SourceRevisionId=${SOURCE_REVISION}

# mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled@sha256:48e51f2f6798897be7ac4e775c049ed8fe60d3190f637e1f9c9dc7513efa659c
WORKDIR /app
COPY --from=build /app .
COPY deploy/examples /app/deploy/examples
# Non-root in both modes. Node mode reads the agent's Hubble socket (root-owned, mode 0660) through a supplemental
# group set in the DaemonSet, not by running as root.
# The daemon's GC: workstation (the runtimeconfig's server GC suits the one-shot commands, see FlowAuditor.csproj),
# with a fixed gen0 budget. Workstation GC sizes gen0 from the CPU's L3 cache: on a host that reports a 260 MiB L3 it
# was ~100 MiB, and the daemon's working set with it (loadtest: 207-211 MiB by default, 148-156 MiB at 16 MiB, for 2%
# of the run in GC pauses against 0.4-1.4%; server GC 178-199 MiB on a 105 MiB L3). The runtime reads GCgen0size from
# the environment only. Dynamic PGO, off in the runtimeconfig for the one-shot commands, pays back its instrumentation
# in a process that runs for hours (loadtest of 2M flows, eight alternated pairs: 196 k flows/s mean without, 218 k
# with). FlowAuditor.csproj sets the same for the SDK-built image.
ENV DOTNET_gcServer=0 DOTNET_GCgen0size=0x1000000 DOTNET_TieredPGO=1
USER 1654
EXPOSE 9464
ENTRYPOINT ["dotnet", "/app/flowauditor.dll"]
CMD ["run"]
