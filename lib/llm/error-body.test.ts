import { describe, expect, it } from "vitest";
import { parseErrorBody } from "./error-body";

describe("parseErrorBody (C-9)", () => {
  it("reads the OpenAI / DashScope nested shape with request_id", () => {
    const body = `{"error":{"message":"Incorrect API key provided. For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error","type":"invalid_request_error","param":null,"code":"invalid_api_key"},"request_id":"8f0e-1"}`;
    expect(parseErrorBody(body)).toEqual({
      message: expect.stringContaining("Incorrect API key"),
      type: "invalid_request_error",
      code: "invalid_api_key",
      param: null,
      requestId: "8f0e-1",
    });
  });

  it("reads vLLM's int code as a string", () => {
    const info = parseErrorBody(`{"error":{"message":"This model's maximum context length is 40960 tokens.","type":"BadRequestError","param":null,"code":400}}`);
    expect(info.code).toBe("400");
    expect(info.type).toBe("BadRequestError");
  });

  it("reads a string error (vLLM auth middleware)", () => {
    expect(parseErrorBody(`{"error":"Unauthorized"}`).message).toBe("Unauthorized");
  });

  it("reads the flat SGLang shape", () => {
    const info = parseErrorBody(`{"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400}`);
    expect(info).toMatchObject({ message: "bad", type: "BadRequestError", code: "400" });
  });

  it("reads DashScope's native shape", () => {
    const info = parseErrorBody(`{"code":"Arrearage","message":"Access denied, please make sure your account is in good standing.","request_id":"r-1"}`);
    expect(info).toMatchObject({ code: "Arrearage", requestId: "r-1" });
  });

  it("keeps the title of an HTML page from a proxy", () => {
    expect(parseErrorBody("<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>").message).toBe("502 Bad Gateway");
  });

  it("accepts parsed values and empty bodies", () => {
    expect(parseErrorBody({ error: { message: "m", code: 500 } })).toMatchObject({ message: "m", code: "500" });
    expect(parseErrorBody("").message).toBeNull();
    expect(parseErrorBody("   plain text  ").message).toBe("plain text");
  });
});
