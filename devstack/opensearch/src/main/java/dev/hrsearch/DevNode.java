package dev.hrsearch;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.Version;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginInfo;

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
 * opensearch.cluster.initial_cluster_manager_nodes (comma-separated lists). Any other node setting comes
 * as opensearch.setting.NAME (e.g. opensearch.setting.search.concurrent.max_slice_count).
 * Without seed hosts the node is a cluster of its own (single-node discovery).
 *
 * One source for OpenSearch 2.x and 3.x (built against either, see pom.xml): the module
 * plugins are found by class name (3.x renamed them to *ModulePlugin), and they are handed to
 * the Node constructor as classes (2.x) or as PluginInfo descriptors (3.x), whichever its
 * parameter type asks for. Both constructors erase to Node(Environment, Collection, boolean).
 */
public final class DevNode extends Node {

    /** Each module plugin's class: the 3.x name first, then the 2.x one. */
    static final List<List<String>> PLUGIN_CLASSES = List.of(
        List.of("org.opensearch.transport.Netty4ModulePlugin",
            "org.opensearch.transport.Netty4Plugin"),
        List.of("org.opensearch.analysis.common.CommonAnalysisModulePlugin",
            "org.opensearch.analysis.common.CommonAnalysisPlugin"),
        List.of("org.opensearch.index.mapper.MapperExtrasModulePlugin",
            "org.opensearch.index.mapper.MapperExtrasPlugin"),
        List.of("org.opensearch.index.reindex.ReindexModulePlugin",
            "org.opensearch.index.reindex.ReindexPlugin"),
        List.of("org.opensearch.painless.PainlessModulePlugin",
            "org.opensearch.painless.PainlessPlugin"));

    @SuppressWarnings({"unchecked", "rawtypes"})
    DevNode(Environment env, Collection<?> plugins) {
        super(env, (Collection) plugins, true);
    }

    private static Class<? extends Plugin> pluginClass(List<String> names) {
        for (String name : names) {
            try {
                return Class.forName(name).asSubclass(Plugin.class);
            } catch (ClassNotFoundException e) {
                // the other version's name
            }
        }
        throw new IllegalStateException("none of " + names + " is on the classpath");
    }

    /** True when Node's plugin constructor takes PluginInfo descriptors (3.x), not classes. */
    private static boolean takesPluginInfo() throws NoSuchMethodException {
        Type type = Node.class
            .getDeclaredConstructor(Environment.class, Collection.class, boolean.class)
            .getGenericParameterTypes()[1];
        return type instanceof ParameterizedType collection
            && collection.getActualTypeArguments()[0] == PluginInfo.class;
    }

    /** The module plugins in the form this version's Node constructor takes. */
    static Collection<?> plugins() throws NoSuchMethodException {
        boolean infos = takesPluginInfo();
        List<Object> out = new ArrayList<>();
        for (List<String> names : PLUGIN_CLASSES) {
            Class<? extends Plugin> cls = pluginClass(names);
            // 3.x loads a classpath plugin with Class.forName(info.getClassname())
            out.add(infos
                ? new PluginInfo(cls.getName(), "classpath plugin", "NA", Version.CURRENT,
                    Integer.toString(Runtime.version().feature()), cls.getName(), null,
                    Collections.emptyList(), false)
                : cls);
        }
        return out;
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
        String settingPrefix = "opensearch.setting.";
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(settingPrefix)) {
                builder.put(key.substring(settingPrefix.length()), System.getProperty(key));
            }
        }
        Settings settings = builder.build();
        Path conf = Path.of(prop("path.conf", home.resolve("config").toString())).toAbsolutePath();
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), conf, () -> settings.get("node.name"));

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(settings.get("node.name"));  // for %node_name
        LogConfigurator.configure(env);  // reads <conf>/log4j2.properties

        Node node = new DevNode(env, plugins());
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
