// tandem/tandem.h: the embedding API in one include.  See docs/embedding.md.
#pragma once
#include "tandem/coprocessor.h"
#include "tandem/expected.h"
#include "tandem/machine.h"
#include "tandem/program.h"
#include "tandem/status.h"

#define TANDEM_VERSION_STRING "0.1.0"
