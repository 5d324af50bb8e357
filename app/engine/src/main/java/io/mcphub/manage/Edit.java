package io.mcphub.manage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A change of the settings file's raw tree, made on a copy; refuses with {@link EditRefusal}. */
@FunctionalInterface
interface Edit {
    void apply(ObjectNode tree) throws EditRefusal;
}
