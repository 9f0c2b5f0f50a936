import { describe, expect, it } from "vitest";
import { CSRF_HEADER, GraphQLClient, SessionExpired, type Fetcher } from "./client";

function answering(statuses: number[], calls: RequestInit[]): Fetcher {
  return (_input, init) => {
    calls.push(init);
    const status = statuses[calls.length - 1] ?? 500;
    return Promise.resolve(new Response(JSON.stringify({ id: "QXNzZXQ6MQ==" }), { status }));
  };
}

describe("GraphQLClient.postForm", () => {
  it("posts the form with the CSRF header and answers the status and body", async () => {
    const calls: RequestInit[] = [];
    const client = new GraphQLClient({ tenant: () => "bravo", renewSession: () => Promise.resolve(false) }, answering([201], calls));
    const form = new FormData();
    expect(await client.postForm("/t/bravo/media", form)).toEqual({ status: 201, body: { id: "QXNzZXQ6MQ==" } });
    expect(calls[0]?.body).toBe(form);
    expect((calls[0]?.headers as Record<string, string>)[CSRF_HEADER]).toBe("1");
  });

  it("renews the session once on 401, then gives up", async () => {
    const calls: RequestInit[] = [];
    let renewals = 0;
    const renewSession = () => Promise.resolve(++renewals === 1);
    const client = new GraphQLClient({ tenant: () => null, renewSession }, answering([401, 201, 401], calls));
    expect((await client.postForm("/t/bravo/media", new FormData())).status).toBe(201);
    await expect(client.postForm("/t/bravo/media", new FormData())).rejects.toBeInstanceOf(SessionExpired);
    expect(calls).toHaveLength(3);
  });
});
