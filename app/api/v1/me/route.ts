import { apiRoute, json } from "@/lib/api/handler";

export const GET = apiRoute({}, async ({ actor }) => json(actor));
