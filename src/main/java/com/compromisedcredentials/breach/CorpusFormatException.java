package com.compromisedcredentials.breach;

import java.io.IOException;

/** A line of a Pwned Passwords download that is not a hash and a count; names the file and the line. */
public final class CorpusFormatException extends IOException {

    private final String file;
    private final long line;

    CorpusFormatException(String file, long line, String problem) {
        super(file + " line " + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }
}
