package io.ballast.console;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * One console connection: reads a command line, runs it in a Gogo session, writes what it printed
 * and its result, then a prompt. A line-at-a-time protocol keeps the client trivial and lets
 * scripts pipe commands in. {@code exit} or end of input closes the session.
 */
final class ConsoleSession {
    static final String PROMPT = "ballast> ";

    private final CommandProcessor processor;
    private final Socket socket;

    ConsoleSession(CommandProcessor processor, Socket socket) {
        this.processor = processor;
        this.socket = socket;
    }

    void run() {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream raw = socket.getOutputStream();
             PrintStream out = new PrintStream(raw, true, StandardCharsets.UTF_8)) {
            // Commands read no input of their own: the socket carries command lines only.
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                out.print("Ballast console. 'help' lists commands, 'ballast:services' the SPI services, 'exit' leaves.\n" + PROMPT);
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.trim();
                    if (command.equals("exit") || command.equals("quit")) {
                        break;
                    }
                    if (!command.isEmpty()) {
                        execute(session, command, out);
                    }
                    out.print(PROMPT);
                }
                out.println();
            } finally {
                session.close();
            }
        } catch (IOException ignored) {
            // the client hung up
        }
    }

    private static void execute(CommandSession session, String command, PrintStream out) {
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            out.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        out.flush();
    }
}
