package dev.hrsearch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * OpenSearch for dev and CI, run from the Maven Central jars: one node, or one node of a
 * small cluster on loopback.
 *
 * Constructing {@link Node} directly skips Bootstrap, and with it the
 * "don't run as root" check, JarHell and the security manager.
 * Settings come from system properties set by devstack/opensearch.sh:
 * opensearch.path.home, opensearch.path.conf, opensearch.path.data, opensearch.path.logs,
 * opensearch.http.port, opensearch.cluster.name, opensearch.node.name, and for a cluster
 * opensearch.transport.port, opensearch.discovery.seed_hosts and
 * opensearch.cluster.initial_cluster_manager_nodes (comma-separated lists).
 * Without seed hosts the node is a cluster of its own (single-node discovery).
 */
public final class DevNode extends Node {

    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class, CommonAnalysisPlugin.class, MapperExtrasPlugin.class,
        ReindexPlugin.class, PainlessPlugin.class);

    DevNode(Environment env) {
        super(env, PLUGINS, true);
    }

    private static String prop(String name, String dflt) {
        return System.getProperty("opensearch." + name, dflt);
    }

    private static List<String> listProp(String name) {
        return Arrays.stream(prop(name, "").split(","))
            .map(String::trim)
            .filter(item -> !item.isEmpty())
            .toList();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(prop("path.home", ".devstack/opensearch")).toAbsolutePath();
        Settings.Builder builder = Settings.builder()
            .put("cluster.name", prop("cluster.name", "hrsearch-dev"))
            .put("node.name", prop("node.name", "devnode"))
            .put("path.home", home.toString())
            .put("path.data", prop("path.data", home.resolve("data").toString()))
            .put("path.logs", prop("path.logs", home.resolve("logs").toString()))
            .put("network.host", "127.0.0.1")
            .put("http.port", prop("http.port", "9200"))
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        List<String> seeds = listProp("discovery.seed_hosts");
        if (seeds.isEmpty()) {
            builder.put("discovery.type", "single-node");
        } else {
            // One node of a cluster: the others are found on their transport ports, and the
            // first election (only) needs the names of the cluster-manager-eligible nodes.
            builder.put("transport.port", prop("transport.port", "9300"))
                .putList("discovery.seed_hosts", seeds)
                .putList("cluster.initial_cluster_manager_nodes",
                    listProp("cluster.initial_cluster_manager_nodes"));
        }
        Settings settings = builder.build();
        Path conf = Path.of(prop("path.conf", home.resolve("config").toString())).toAbsolutePath();
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), conf, () -> settings.get("node.name"));

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(settings.get("node.name"));  // for %node_name
        LogConfigurator.configure(env);  // reads <conf>/log4j2.properties

        Node node = new DevNode(env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
                Configurator.shutdown((LoggerContext) LogManager.getContext(false));
            }
        }, "devnode-shutdown"));
        node.start();
        // Node threads are daemons: keep the JVM alive until the shutdown hook has run.
        stopped.await();
    }
}
