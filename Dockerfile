# FlowAuditor daemon image: build with the .NET 10 SDK, run on the ASP.NET runtime (Kestrel serves metrics and the API).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/FlowAuditor/FlowAuditor.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY deploy/examples /app/deploy/examples
# Reading the agent's socket (/var/run/cilium/hubble.sock, mode 0660 root:cilium) needs root or the cilium group.
USER 0
EXPOSE 9464
ENTRYPOINT ["dotnet", "/app/flowauditor.dll"]
CMD ["run"]
