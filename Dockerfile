# One image for every ImageSaga service; the service is chosen at run time with --services / ImageSaga__Services.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/ImageSaga.Host -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ImageSaga__DataFolder=/data
EXPOSE 8080
ENTRYPOINT ["dotnet", "ImageSaga.Host.dll"]
