package org.certsync.exchangeonline;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.certsync.state.Publication;

/**
 * The recipients one $batch publishes, each with its own answer once the service gave one. A recipient without an
 * answer of its own after the batch (the $batch failed as a whole, or its type could not be looked up) is published
 * alone, with the usual retries.
 */
public final class PublishBatch {

    /** One recipient of the batch. */
    public static final class Member {
        private final Publication publication;
        private InvokeCommandOutcome answer;
        private JsonNode answerBody;
        private java.time.Instant answeredAt;

        Member(Publication publication) {
            this.publication = publication;
        }

        public Publication publication() {
            return publication;
        }

        /** Its own answer in the last $batch, or null: then it is published alone. */
        public InvokeCommandOutcome answer() {
            return answer;
        }

        JsonNode answerBody() {
            return answerBody;
        }

        /** When its answer arrived, or null. */
        public java.time.Instant answeredAt() {
            return answeredAt;
        }

        void answer(InvokeCommandOutcome outcome, JsonNode body, java.time.Instant at) {
            this.answer = outcome;
            this.answerBody = body;
            this.answeredAt = at;
        }
    }

    private final List<Member> members;
    private List<Member> requested = List.of();
    private BatchRequest request;

    public PublishBatch(List<Publication> publications) {
        this.members = publications.stream().map(Member::new).toList();
    }

    public List<Member> members() {
        return members;
    }

    /** The $batch to send next, or null when there is none. */
    public BatchRequest request() {
        return request;
    }

    /** Sets the $batch to send next: one request per member, in order; null for none. */
    void request(BatchRequest request, List<Member> requestedMembers) {
        this.request = request;
        this.requested = request == null ? List.of() : List.copyOf(requestedMembers);
    }

    /** The members of the $batch sent last, in the order of its requests. */
    List<Member> requested() {
        return requested;
    }

    /** Members that have no answer yet and satisfy the condition. */
    List<Member> pending(java.util.function.Predicate<Member> condition) {
        List<Member> pending = new ArrayList<>();
        for (Member member : members) if (member.answer == null && condition.test(member)) pending.add(member);
        return pending;
    }

    public int size() {
        return members.size();
    }
}
