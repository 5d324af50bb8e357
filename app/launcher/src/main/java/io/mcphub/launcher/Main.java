package io.mcphub.launcher;

public final class Main {
    public static void main(String[] args) {
        PluginFlags.Parsed pluginFlags = PluginFlags.parse(args);
        java.util.OptionalInt exit = PluginFlags.run(pluginFlags, System.out, System.err);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        System.out.println("mcphub");
    }
}
