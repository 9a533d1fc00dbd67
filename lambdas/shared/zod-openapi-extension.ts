import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// zod 4 copies methods onto each schema when it is created, so `.openapi()` (which the OpenAPI registry
// uses to name components) exists only on schemas created after this runs: schema modules import
// this file first.
extendZodWithOpenApi(z);
