package io.edgeagent.agent.controlsocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;

/**
 * Decides on the intake's thread, without waiting, who takes a complete request: a request worker, the last free
 * one kept for {@code status}; a tail worker; or nobody, and the client is told at once that the agent is busy.
 */
final class Dispatch {

    /** An answer, worked out on a request worker. */
    @FunctionalInterface
    private interface Answer {
        ObjectNode get() throws InterruptedException;
    }

    private final AgentView view;
    private final Responder responder;
    private final Answers answers;
    private final ObjectMapper json;
    private final ControlLimits limits;
    private final Intake intake;
    private final Workers requests;
    private final Workers tails;

    Dispatch(AgentView view, Responder responder, Answers answers, ObjectMapper json, ControlLimits limits,
             Intake intake, Workers requests, Workers tails) {
        this.view = view;
        this.responder = responder;
        this.answers = answers;
        this.json = json;
        this.limits = limits;
        this.intake = intake;
        this.requests = requests;
        this.tails = tails;
    }

    void handle(ClientConnection client, String line) {
        Request request;
        try {
            request = Request.parse(line, json, view.configured());
        } catch (Request.Bad e) {
            answer(client, () -> answers.error(e.getMessage(), true), 1);
            return;
        }
        if (request.op().equals("tail")) {
            if (!tails.tryStart(() -> tail(client, request), 0)) {
                client.dismiss(answers.line(answers.busy("the agent is already serving " + tails.running()
                        + " tails, the most it runs at once: end one (Ctrl-C) and try again")));
            }
            return;
        }
        // status is what a person or a monitoring script asks first when something seems wrong: the other requests
        // leave the last free worker to it.
        answer(client, () -> responder.answer(request), request.op().equals("status") ? 0 : 1);
    }

    private void answer(ClientConnection client, Answer answer, int keepFree) {
        if (!requests.tryStart(() -> answerOnWorker(client, answer), keepFree)) {
            client.dismiss(answers.line(answers.busy("the agent is busy serving " + requests.running()
                    + " other clients: try again in a moment")));
        }
    }

    private void answerOnWorker(ClientConnection client, Answer answer) {
        try {
            client.block();
            client.send(answers.line(answer.get()), limits.write());
            intake.back(client);
        } catch (IOException e) {
            // The client went away or did not read its answer in time, or the server is stopping: nothing to answer.
            client.close();
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
        }
    }

    private void tail(ClientConnection client, Request request) {
        try {
            client.block();
            responder.tail(request, new BufferedOutputStream(client.output()));
        } catch (IOException e) {
            // The client closed, or the server is stopping: the tail ends.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
