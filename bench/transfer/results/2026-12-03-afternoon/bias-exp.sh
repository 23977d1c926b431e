set -e
cd /tmp/lead
uptime
TAG=v2b10 EXP=/tmp/lead/exp2 bash med-base-arm.sh > v2b10.log 2>&1
NEW_BIAS=-2 TAG=v2b2 EXP=/tmp/lead/exp2 bash med-base-arm.sh > v2b2.log 2>&1
uptime
