# Sourced by the campaign benchmarks: starts Postfix's smtp-sink on a free loopback port (as nobody when root) and
# waits until it listens. Sets $port and $sink (its pid; the caller's EXIT trap kills it).
port=$(( 20000 + RANDOM % 30000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( 20000 + RANDOM % 30000 )); done
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
/usr/sbin/smtp-sink "${user_opt[@]}" "127.0.0.1:$port" 256 & sink=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
