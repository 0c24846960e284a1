package io.github.camelcopilot.app;

import java.util.Locale;
import java.util.Map;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces, configured the standard OpenTelemetry way: when {@code OTEL_TRACES_EXPORTER} (or the system property
 * {@code otel.traces.exporter}) names an exporter ({@code otlp} to a collector at {@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * over HTTP with the JDK's client,
 * {@code logging} to the log), the OpenTelemetry SDK is configured from the {@code OTEL_*} settings and Camel's
 * OpenTelemetry tracing (camel-opentelemetry2) runs, so that every route step and every {@code copilot:} call is a
 * span. Unset or {@code none}: no tracing, nothing exported. Only traces are exported unless the OTEL_* settings ask
 * for metrics or logs too (those default to {@code none} here: metrics are scraped at /observe/metrics).
 */
final class TraceExport extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(TraceExport.class);
    static final String EXPORTER_PROPERTY = "otel.traces.exporter";
    static final String EXPORTER_VARIABLE = "OTEL_TRACES_EXPORTER";

    private final Map<String, String> environment;
    private OpenTelemetrySdk sdk;

    TraceExport(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The exporter asked for, or null when none. */
    String exporter() {
        String exporter = System.getProperty(EXPORTER_PROPERTY, environment.get(EXPORTER_VARIABLE));
        return exporter == null || exporter.isBlank() || "none".equals(exporter.trim().toLowerCase(Locale.ROOT))
                ? null : exporter.trim();
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        String exporter = exporter();
        if (exporter == null) {
            return;
        }
        sdk = AutoConfiguredOpenTelemetrySdk.builder()
                // defaults only: the OTEL_* variables and otel.* system properties win
                .addPropertiesSupplier(() -> Map.of("otel.service.name", "camel-copilot",
                        "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                        "otel.exporter.otlp.protocol", "http/protobuf"))
                .setResultAsGlobal()
                .build().getOpenTelemetrySdk();
        main.getCamelContext().getRegistry().bind("openTelemetryTracer",
                sdk.getTracer("camel"));
        new OpenTelemetryTracer().init(main.getCamelContext());
        LOG.info("Traces are exported ({}={})", EXPORTER_VARIABLE, exporter);
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (sdk != null) {
            sdk.close(); // flushes the spans still batched
            sdk = null;
        }
    }
}
