package dev.mcpauth.application.port.in;

/** Ends an MCP session at its owner's request; false when the session is not the caller's to end. */
public interface EndMcpSessionUseCase {
    boolean end(ResumeMcpSessionUseCase.SessionRequest command);
}
