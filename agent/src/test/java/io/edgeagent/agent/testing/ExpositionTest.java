package io.edgeagent.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser reads the specification's own example and refuses what the specification does not allow. */
class ExpositionTest {

    /**
     * The "Text format example" of the specification, as given there but for one line: its UTF-8 example has no
     * value, which the syntax it states ({@code metric_name_or_labels value [ timestamp ]}) requires, so 1 is added.
     */
    private static final String SPEC_EXAMPLE = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # UTF-8 metric and label names:
            {"my.dotted.metric", "error.message"="Not Found"} 1

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="0.2"} 100392
            http_request_duration_seconds_bucket{le="0.5"} 129389
            http_request_duration_seconds_bucket{le="1"} 133988
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # Finally a summary, which has a complex representation, too:
            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.05"} 3272
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds{quantile="0.9"} 9001
            rpc_duration_seconds{quantile="0.99"} 76656
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    @Test
    void readsTheSpecificationsExample() {
        Exposition e = Exposition.parse(SPEC_EXAMPLE);

        assertEquals("counter", e.family("http_requests_total").type());
        assertEquals("The total number of HTTP requests.", e.family("http_requests_total").help());
        assertEquals(3, e.value("http_requests_total", "method", "post", "code", "400"));
        assertEquals(1395066363000L, e.family("http_requests_total").samples().get(0).timestamp());
        Exposition.Sample msdos = e.family("msdos_file_access_time_seconds").samples().get(0);
        assertEquals(Map.of("path", "C:\\DIR\\FILE.TXT", "error", "Cannot find file:\n\"FILE.TXT\""), msdos.labels());
        assertEquals("untyped", e.family("msdos_file_access_time_seconds").type());
        assertEquals(1, e.value("my.dotted.metric", "error.message", "Not Found"));
        assertEquals(Double.POSITIVE_INFINITY, e.value("something_weird", "problem", "division by zero"));
        assertEquals(-3982045L, e.family("something_weird").samples().get(0).timestamp());
        assertEquals(8, e.family("http_request_duration_seconds").samples().size());
        assertEquals(1.7560473e+07, e.value("rpc_duration_seconds_sum"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a 1",                                                  // no line feed after the last line
        "a{b=\"c\\t\"} 1\n",                                   // an escape the format does not define
        "a{b=\"c\"} 1\n# TYPE a gauge\n",                      // TYPE after the first sample
        "{\"a.b\"} \n",                                        // no value
        "# TYPE a gauge\n# TYPE a gauge\na 1\n",               // TYPE twice
        "# HELP a x\n# HELP a y\na 1\n",                       // HELP twice
        "# TYPE a meter\na 1\n",                               // a type the format does not have
        "a 1\nb 2\na{c=\"d\"} 3\n",                            // a metric's lines not in one group
        "a{b=\"c\"} 1\na{b=\"c\"} 2\n",                        // one name and label set twice
        "a{b=\"c\",b=\"d\"} 1\n",                              // one label twice in a sample
        "a 1,5\n",                                              // not a number ParseFloat reads
        "a 1 12.5\n",                                           // not a timestamp ParseInt reads
        "a 1 2 3\n",                                            // too many tokens
        "a-b 1\n",                                              // a name outside the legacy set, unquoted
        "a{b=c} 1\n",                                           // a label value not quoted
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n", // no +Inf bucket
        "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
    })
    void refusesWhatTheSpecificationDoesNotAllow(String text) {
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse(text), text);
    }
}
