package com.compromisedcredentials.flag;

/** Where a flag is in its life. Only {@link #ACTIVE} forces a reset; the others are final. */
public enum FlagState {
    ACTIVE,
    RESOLVED,
    DISMISSED,
    REVERTED
}
