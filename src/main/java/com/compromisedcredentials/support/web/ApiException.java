package com.compromisedcredentials.support.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error of the admin REST API: an HTTP status with the JSON body
 * {@code {"error": "<stable code>", "error_description": "<what to fix>"}}. The codes are listed in the README.
 */
public class ApiException extends WebApplicationException {

    private final String error;

    public ApiException(int status, String error, String description) {
        super(description, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(error, description))
                .build());
        this.error = error;
    }

    private ApiException(Response response, String error, String description) {
        super(description, response);
        this.error = error;
    }

    /** An error the caller may retry: its response tells when, with {@code Retry-After}. */
    public static ApiException retryLater(int status, String error, String description, int retryAfterSeconds) {
        return new ApiException(Response.status(status)
                .header("Retry-After", String.valueOf(retryAfterSeconds))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(error, description))
                .build(), error, description);
    }

    public String error() {
        return error;
    }

    static Map<String, String> body(String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    public static ApiException of(RequestRejected rejected) {
        return new ApiException(rejected.status(), rejected.error(), rejected.getMessage());
    }

    public static ApiException badRequest(String error, String description) {
        return new ApiException(400, error, description);
    }

    public static ApiException notFound(String error, String description) {
        return new ApiException(404, error, description);
    }

    public static ApiException forbidden(String description) {
        return forbidden("forbidden", description);
    }

    public static ApiException forbidden(String error, String description) {
        return new ApiException(403, error, description);
    }
}
