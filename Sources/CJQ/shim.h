// libjq's public headers (Debian package libjq-dev).
#include <jv.h>
#include <jq.h>
