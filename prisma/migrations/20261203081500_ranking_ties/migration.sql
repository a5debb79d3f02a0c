-- A ranking may hold ties: the place of each ranked response, equal for a tie (docs/review.md "Ranking").
-- AlterTable
ALTER TABLE "rankings" ADD COLUMN     "ranks" INTEGER[] DEFAULT ARRAY[]::INTEGER[];
