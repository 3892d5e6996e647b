import { ManagementClient } from "auth0";
import nock from "nock";

it("probe", async () => {
  nock.disableNetConnect();
  const scope = nock("https://t.example.com")
    .post("/oauth/token").reply(200, { access_token: "tok", expires_in: 86400, token_type: "Bearer" })
    .post("/api/v2/users").reply(201, { user_id: "auth0|1" });
  const c = new ManagementClient({ domain: "t.example.com", clientId: "id", clientSecret: "sec" });
  const u = await c.users.create({ connection: "X", email: "a@b.c", password: "p" }, { maxRetries: 0 });
  expect(u.user_id).toBe("auth0|1");
  expect(scope.isDone()).toBe(true);
});
