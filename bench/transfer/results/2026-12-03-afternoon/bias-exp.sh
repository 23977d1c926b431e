set -e
cd /tmp/lead
uptime
TAG=v2b10 bash med-exp.sh > v2b10.log 2>&1
NEW_BIAS=-2 TAG=v2b2 bash med-exp.sh > v2b2.log 2>&1
uptime
