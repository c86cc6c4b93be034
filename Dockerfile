# The service image for users who have Docker (docker-compose.yml). Not used by tools/run.
FROM node:20-bookworm AS web
WORKDIR /src
COPY src/RelocationPlanner.Web/ src/RelocationPlanner.Web/
RUN if [ -f src/RelocationPlanner.Web/package.json ]; then cd src/RelocationPlanner.Web && npm ci && npm run build -- --outDir /out/wwwroot; else mkdir -p /out/wwwroot; fi

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/RelocationPlanner.Api -c Release -o /out/api

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin postgresql-client chromium fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/api .
COPY --from=web /out/wwwroot ./wwwroot
COPY data/demo ./data/demo
ENV RP_DEMO_DIR=/app/data/demo RP_WEB_ROOT=/app/wwwroot ASPNETCORE_URLS=http://0.0.0.0:5080
EXPOSE 5080
ENTRYPOINT ["dotnet", "RelocationPlanner.Api.dll"]
