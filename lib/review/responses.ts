// The review domain's entry points, one file each; kept here so pages can import them from one place.
export { listResponses, nextInQueue } from "@/lib/review/list-responses";
export { getResponseDetail } from "@/lib/review/response-detail";
export { reviewResponse } from "@/lib/review/review-response";
