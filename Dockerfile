# Build: docker build -t voxgate .
# Run:   docker run -p 8080:8080 -e VOXGATE_DB_URL=postgresql://user:pass@db:5432/voxgate voxgate
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# tesseract for scanned letters; fonts for CJK text
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app voxgate
WORKDIR /app
COPY --from=build /src/target/voxgate.jar /app/voxgate.jar
COPY conf /app/conf
COPY channels /app/channels
RUN mkdir -p /app/data && chown -R voxgate /app/data
USER voxgate
ENV VOXGATE_HTTP_PORT=8080 \
    VOXGATE_DATA_DIR=/app/data \
    VOXGATE_CHANNELS_DIR=/app/channels
VOLUME /app/data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/voxgate.jar"]
