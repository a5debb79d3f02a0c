-- CreateTable
CREATE TABLE "response_provenance" (
    "response_id" UUID NOT NULL,
    "turn" INTEGER NOT NULL,
    "suggestion_id" UUID NOT NULL,
    "edit_distance" INTEGER NOT NULL,
    "share_kept" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "response_provenance_pkey" PRIMARY KEY ("response_id","turn")
);

-- CreateIndex
CREATE INDEX "response_provenance_suggestion_id_idx" ON "response_provenance"("suggestion_id");

-- AddForeignKey
ALTER TABLE "response_provenance" ADD CONSTRAINT "response_provenance_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_provenance" ADD CONSTRAINT "response_provenance_suggestion_id_fkey" FOREIGN KEY ("suggestion_id") REFERENCES "suggestions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

